/**
 * Every table of a stack outlives the stack: removing a stage (`npm run remove`) keeps its data unless
 * `--drop-tables` deletes the tables afterwards, and a replacement never drops the old table either.
 * One rule for every stack, applied to the compiled template rather than written in each resources.yml.
 *
 * Why in the template, fixed, and not a stage parameter: CloudFormation honours the DeletionPolicy of
 * the template a stack holds when it is deleted, so changing it would take a deploy of every stack
 * before each removal; deleting a kept table afterwards is one call, and also clears tables kept by an
 * earlier removal. A `serverless remove` run by hand keeps the data too.
 */
type Resource = { Type?: unknown; DeletionPolicy?: string; UpdateReplacePolicy?: string };

export function retainTables(resources: Record<string, unknown>): void {
  for (const resource of Object.values(resources) as Resource[]) {
    if (resource.Type !== 'AWS::DynamoDB::Table') continue;
    resource.DeletionPolicy = 'Retain';
    resource.UpdateReplacePolicy = 'Retain';
  }
}
