import { GetEmailIdentityCommand, NotFoundException, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
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

describe("the local SES's identities", () => {
  let ses: Awaited<ReturnType<typeof startSesEmulator>>;
  let client: SESv2Client;
  beforeAll(async () => {
    ses = await startSesEmulator({ port: 0 });
    client = new SESv2Client({ endpoint: ses.url, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client.destroy();
    await ses.stop();
  });
  const putControl = (body: string) => fetch(`${ses.url}/control`, { method: 'PUT', body });

  it('answers GetEmailIdentity for any address or domain as verified, as it sends from any', async () => {
    const address = await client.send(new GetEmailIdentityCommand({ EmailIdentity: 'shop@test.example.com' }));
    const domain = await client.send(new GetEmailIdentityCommand({ EmailIdentity: 'test.example.com' }));

    expect([address, domain].map(({ IdentityType, VerifiedForSendingStatus, VerificationStatus }) => ({ IdentityType, VerifiedForSendingStatus, VerificationStatus }))).toEqual([
      { IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: true, VerificationStatus: 'SUCCESS' },
      { IdentityType: 'DOMAIN', VerifiedForSendingStatus: true, VerificationStatus: 'SUCCESS' },
    ]);
  });

  it('answers as its control says, in any letter case, until the next PUT replaces it', async () => {
    expect((await putControl('{"notVerified":["Test.Example.com"],"unknown":["shop@test.example.com"]}')).status).toBe(200);

    const domain = await client.send(new GetEmailIdentityCommand({ EmailIdentity: 'test.example.com' }));
    await expect(client.send(new GetEmailIdentityCommand({ EmailIdentity: 'shop@test.example.com' }))).rejects.toBeInstanceOf(NotFoundException);
    expect({ verified: domain.VerifiedForSendingStatus, status: domain.VerificationStatus }).toEqual({ verified: false, status: 'PENDING' });
    expect(await (await fetch(`${ses.url}/control`)).json()).toEqual({ notVerified: ['Test.Example.com'], unknown: ['shop@test.example.com'] });

    await putControl('{}');
    expect((await client.send(new GetEmailIdentityCommand({ EmailIdentity: 'shop@test.example.com' }))).VerifiedForSendingStatus).toBe(true);
  });

  it.each([
    ['an unknown field', '{"verified":["a@b.c"]}'],
    ['a list of other things than names', '{"unknown":[1]}'],
    ['no JSON', 'unknown=a@b.c'],
  ])('refuses a control with %s, says why, and keeps the one it had', async (_case, body) => {
    await putControl('{"unknown":["kept.example.com"]}');

    const refused = await putControl(body);

    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message.length).toBeGreaterThan(0);
    expect(await (await fetch(`${ses.url}/control`)).json()).toEqual({ notVerified: [], unknown: ['kept.example.com'] });
  });
});
