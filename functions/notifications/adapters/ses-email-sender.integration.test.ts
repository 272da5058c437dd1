import { SESv2Client } from '@aws-sdk/client-sesv2';
import { withCorrelationId } from '../../../lib/correlation.ts';
import { sesHeadersOfMailTo } from '../../../test/support/ses.ts';
import { describeEmailSenderContract } from '../testing/email-sender.contract.ts';
import { sesMailbox, sesUrl } from '../testing/ses-mailbox.ts';
import { SesEmailSender } from './ses-email-sender.ts';

const ses = new SESv2Client({});
afterAll(() => ses.destroy());

describeEmailSenderContract('the SES email sender, against the local SES', () => ({
  sender: new SesEmailSender(ses, 'shop@test.example.com'),
  sentTo: async (to) => (await sesMailbox(sesUrl(), to)).map(({ from: _from, ...email }) => email),
}));

describe('the SES email sender', () => {
  it('sends from its configured address', async () => {
    const to = `from-check-${Date.now()}@example.com`;

    await new SesEmailSender(ses, 'shop@test.example.com').send({ to, subject: 'Hi', text: 'Hello.\n' });

    expect((await sesMailbox(sesUrl(), to)).map(({ from }) => from)).toEqual(['shop@test.example.com']);
  });

  it('sends the correlation id of the work under way as the X-Correlation-Id header', async () => {
    const to = `correlated-${Date.now()}@example.com`;
    const sender = new SesEmailSender(ses, 'shop@test.example.com');

    await withCorrelationId('order-corr-2', () => sender.send({ to, subject: 'Hi', text: 'Hello.\n' }));

    expect(await sesHeadersOfMailTo(to)).toEqual([{ 'x-correlation-id': 'order-corr-2' }]);
  });
});
