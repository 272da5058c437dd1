import { parseArgs } from 'node:util';
import { stackChoice, type StackChoice } from '../aws-target.ts';
import { asUsage, UsageError } from '../usage-error.ts';

const COMMANDS = ['list', 'show', 'redrive'] as const;
type Command = (typeof COMMANDS)[number];

export type Request = { command: Command; queue?: string; stage: string; limit: number; to?: string; stack: StackChoice };

/** The command line of `npm run dlq` as a request, or a UsageError saying what is wrong with it; undefined for --help. */
export function parseRequest(args: string[]): Request | undefined {
  const { values, positionals } = asUsage(() =>
    parseArgs({
      args,
      allowPositionals: true,
      options: {
        stage: { type: 'string', default: 'local' },
        limit: { type: 'string' },
        to: { type: 'string' },
        'sqs-port': { type: 'string' },
        aws: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }),
  );
  if (values.help) return undefined;

  const [command, queue, ...extra] = positionals;
  if (command === undefined) throw new UsageError(`no command given (expected ${COMMANDS.join(', ')})`);
  if (!isCommand(command)) throw new UsageError(`unknown command "${command}" (expected ${COMMANDS.join(', ')})`);
  if (command === 'list' && queue !== undefined) throw new UsageError('list takes no queue');
  if (command !== 'list' && queue === undefined) throw new UsageError(`${command} needs the dead-letter queue to ${command}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra.join(' ')}"`);
  if (values.limit !== undefined && command !== 'show') throw new UsageError('--limit applies to show only');
  if (values.to !== undefined && command !== 'redrive') throw new UsageError('--to applies to redrive only');

  const limit = Number(values.limit ?? 50);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a whole number above 0, not "${values.limit}"`);

  return {
    command,
    stage: values.stage,
    limit,
    stack: stackChoice('sqs', { aws: values.aws, port: values['sqs-port'] }),
    ...(queue !== undefined && { queue }),
    ...(values.to !== undefined && { to: values.to }),
  };
}

const isCommand = (candidate: string): candidate is Command => (COMMANDS as readonly string[]).includes(candidate);
