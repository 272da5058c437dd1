import type { Email } from '../domain/notification.ts';

type StoredEmail = { from: string; destination: { to: string[] }; subject: string; body: { text?: string } };

/** What the local SES (aws-ses-v2-local) holds for `to`, oldest first, read from its GET /store. */
export async function sesMailbox(sesUrl: string, to: string): Promise<Array<Email & { from: string }>> {
  const response = await fetch(`${sesUrl}/store`);
  if (!response.ok) throw new Error(`The SES emulator answered ${response.status} at ${sesUrl}/store.`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails
    .filter(({ destination }) => destination.to.includes(to))
    .map(({ from, destination, subject, body }) => ({ from, to: destination.to.join(', '), subject, text: body.text ?? '' }));
}

export function sesUrl(): string {
  const url = process.env.SHOP_SES_URL;
  if (url === undefined) throw new Error('SHOP_SES_URL is not set: run the integration tests through jest.');
  return url;
}
