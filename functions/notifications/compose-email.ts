import * as z from '../../lib/zod.ts';
import { sesClient } from '../../lib/aws/clients.ts';
import { readConfig } from '../../lib/config.ts';
import { SesEmailSender } from './adapters/ses-email-sender.ts';

/** The email side, built once per container: SES v2, found through AWS_ENDPOINT_URL_SESV2 locally. */
const { NOTIFICATIONS_SENDER } = readConfig(z.object({ NOTIFICATIONS_SENDER: z.email() }));

export const emailSender = new SesEmailSender(sesClient(), NOTIFICATIONS_SENDER);
