import { SESv2Client } from '@aws-sdk/client-sesv2';
import { startSesEmulator } from '../../scripts/local/ses-emulator.ts';
import type { Emulator } from '../../scripts/local/emulators.ts';
import { senderProbe } from './ses-readiness.ts';

// The real adapter against the local SES, whose control sets what GetEmailIdentity answers.
let ses: Emulator;
let client: SESv2Client;
beforeAll(async () => {
  ses = await startSesEmulator({ port: 0 });
  client = new SESv2Client({ endpoint: ses.url, region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});
afterAll(async () => {
  client.destroy();
  await ses.stop();
});

const identitiesAre = async (control: { notVerified?: string[]; unknown?: string[] }) => {
  const response = await fetch(`${ses.url}/control`, { method: 'PUT', body: JSON.stringify(control) });
  expect(response.status).toBe(200);
};

describe('the SES sender probe', () => {
  it('is ready when SES has verified the address, whatever its domain', async () => {
    await identitiesAre({ unknown: ['shop.example.com'] });

    expect(await senderProbe(client, 'orders@shop.example.com').ask()).toBe(true);
  });

  it('is ready when SES has verified the domain alone', async () => {
    await identitiesAre({ unknown: ['orders@shop.example.com'] });

    expect(await senderProbe(client, 'orders@shop.example.com').ask()).toBe(true);
  });

  it('is not ready when neither is verified, and says what SES holds of each, in which region', async () => {
    await identitiesAre({ notVerified: ['shop.example.com'], unknown: ['orders@shop.example.com'] });

    expect(await senderProbe(client, 'orders@shop.example.com').ask()).toEqual({
      reason: 'SES in eu-west-3 will not send from orders@shop.example.com: verify the address or its domain (orders@shop.example.com is not an identity, shop.example.com is PENDING)',
    });
  });

  it('names itself for the sender it checks', () => {
    expect(senderProbe(client, 'orders@shop.example.com').name).toBe('sender orders@shop.example.com');
  });

  it('fails, rather than answer, when SES cannot be asked', async () => {
    const nowhere = new SESv2Client({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });

    await expect(senderProbe(nowhere, 'orders@shop.example.com').ask()).rejects.toThrow();
    nowhere.destroy();
  });
});
