import { randomUUID } from 'node:crypto';
import type { Email } from '../domain/notification.ts';
import type { EmailSender } from '../ports.ts';

export type EmailSenderSubject = {
  sender: EmailSender;
  /** What has been sent to `to` so far, oldest first, as the mailbox sees it. */
  sentTo(to: string): Promise<Email[]>;
};

/** What every EmailSender promises (ports.ts): run against the recording fake and the SES adapter with the local SES. */
export function describeEmailSenderContract(name: string, subject: () => EmailSenderSubject): void {
  describe(`${name} keeps the EmailSender contract`, () => {
    let sender: EmailSender;
    let mailbox: EmailSenderSubject;
    const sentTo = (to: string) => mailbox.sentTo(to);
    beforeAll(() => {
      mailbox = subject();
      ({ sender } = mailbox);
    });

    it('delivers the email as given, to its address alone', async () => {
      const email = { to: `ada-${randomUUID()}@example.com`, subject: 'Your order is confirmed', text: 'Thank you: €12.00.\n\nThe shop\n' };

      await sender.send(email);

      expect(await sentTo(email.to)).toEqual([email]);
      expect(await sentTo(`nobody-${randomUUID()}@example.com`)).toEqual([]);
    });

    it('sends every email it is given: deduplication is not its job', async () => {
      const email = { to: `bob-${randomUUID()}@example.com`, subject: 'Twice', text: 'Same words.\n' };

      await sender.send(email);
      await sender.send(email);

      expect(await sentTo(email.to)).toHaveLength(2);
    });
  });
}
