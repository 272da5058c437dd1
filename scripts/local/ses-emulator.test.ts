import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { startSesEmulator } from './ses-emulator.ts';

describe('the local SES', () => {
  it('takes an SES v2 email from the SDK and lists it on GET /store, then stops and frees its port', async () => {
    const ses = await startSesEmulator({ port: 0 });
    const client = new SESv2Client({ endpoint: ses.url, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: 'shop@test.example.com',
          Destination: { ToAddresses: ['ada@example.com'] },
          Content: { Simple: { Subject: { Data: 'Hello' }, Body: { Text: { Data: 'Plain words.' } } } },
        }),
      );
      const store = (await (await fetch(`${ses.url}/store`)).json()) as { emails: Array<Record<string, unknown>> };
      const page = await fetch(ses.url);

      expect(store.emails.map(({ from, destination, subject, body }) => ({ from, destination, subject, body }))).toEqual([
        { from: 'shop@test.example.com', destination: { to: ['ada@example.com'], cc: [], bcc: [] }, subject: 'Hello', body: { text: 'Plain words.' } },
      ]);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
    } finally {
      client.destroy();
      await ses.stop();
    }
    await expect(fetch(`${ses.url}/health-check`)).rejects.toThrow();
    expect(ses.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
