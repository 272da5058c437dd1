/** The custom headers of each email the local SES (aws-ses-v2-local) holds for `to`, oldest first, from its GET /store. */
export async function sesHeadersOfMailTo(to: string): Promise<Array<Record<string, string>>> {
  const url = process.env.SHOP_SES_URL;
  if (url === undefined) throw new Error('SHOP_SES_URL is not set: run under the integration project.');
  const response = await fetch(`${url}/store`);
  if (!response.ok) throw new Error(`The SES emulator answered ${response.status} at ${url}/store.`);
  const { emails } = (await response.json()) as { emails: Array<{ destination: { to: string[] }; headers?: Array<{ name: string; value: string }> }> };
  return emails
    .filter(({ destination }) => destination.to.includes(to))
    .map(({ headers = [] }) => Object.fromEntries(headers.map(({ name, value }) => [name.toLowerCase(), value])));
}
