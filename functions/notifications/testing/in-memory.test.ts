import { describeEmailSenderContract } from './email-sender.contract.ts';
import { InMemoryNotifications, RecordingEmailSender } from './in-memory.ts';
import { describeNotificationStoreContract } from './notification-store.contract.ts';

describeNotificationStoreContract('the in-memory notification store', () => new InMemoryNotifications());

describeEmailSenderContract('the recording email sender', () => {
  const sender = new RecordingEmailSender();
  return { sender, sentTo: async (to) => sender.sent.filter((email) => email.to === to) };
});
