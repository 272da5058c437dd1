import { GetEmailIdentityCommand, NotFoundException, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { ReadinessProbe } from '../readiness.ts';

/**
 * Ready when SES may send from `from`: the address, or its domain, is an identity verified for sending
 * in the client's account and region. Otherwise it says which identities SES has and in what state, so
 * an operator knows what is left to verify (and where).
 */
export const senderProbe = (ses: SESv2Client, from: string): ReadinessProbe => ({
  name: `sender ${from}`,
  ask: async () => {
    const identities = [from, from.slice(from.lastIndexOf('@') + 1)];
    const found = await Promise.all(identities.map((identity) => identityState(ses, identity)));
    if (found.some(({ verified }) => verified)) return true;
    const states = found.map(({ identity, state }) => `${identity} ${state}`).join(', ');
    return { reason: `SES in ${await ses.config.region()} will not send from ${from}: verify the address or its domain (${states})` };
  },
});

async function identityState(ses: SESv2Client, identity: string): Promise<{ identity: string; verified: boolean; state: string }> {
  try {
    const answer = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
    const verified = answer.VerifiedForSendingStatus === true;
    return { identity, verified, state: verified ? 'is verified' : `is ${answer.VerificationStatus ?? 'not verified'}` };
  } catch (error) {
    if (error instanceof NotFoundException) return { identity, verified: false, state: 'is not an identity' };
    throw error;
  }
}
