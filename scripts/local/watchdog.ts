/**
 * Started by `npm start` (start.ts) with a pipe from it on stdin, in a process group of its own. The
 * pipe closes when the supervisor ends, however it ends; then this ends whatever the supervisor's
 * record (owned-processes.ts) says it left running, and exits. After a clean stop the record is gone
 * and there is nothing to do.
 */
import { endOrphansOf } from './owned-processes.ts';

const [record] = process.argv.slice(2);
if (record === undefined) throw new Error('usage: watchdog.ts <record file>');

// Ctrl-C in the terminal is the supervisor's to handle; this one waits for the pipe to close.
process.on('SIGINT', () => {});
process.stdin.resume();
process.stdin.once('close', () => void endWhatIsLeft(record));

async function endWhatIsLeft(file: string): Promise<void> {
  const ended = await endOrphansOf(file);
  if (ended.length > 0) console.error(`\nnpm start ended without stopping its parts; stopped ${ended.join(', ')}.`);
}
