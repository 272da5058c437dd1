import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { currentCorrelationId } from '../../../lib/correlation.ts';
import { TransientError } from '../../../lib/errors.ts';
import type { Email } from '../domain/notification.ts';
import type { EmailSender } from '../ports.ts';

/** SES's answers that mean "not now": trying the same email later may work. */
const TRANSIENT = new Set(['TooManyRequestsException', 'LimitExceededException', 'SendingPausedException', 'InternalServiceErrorException']);

/**
 * Sends plain-text email through SES v2, from one address (on AWS, an identity SES has verified), with
 * the current correlation id as its X-Correlation-Id header: a bounce or a customer's reply then leads
 * back to the order's logs.
 */
export class SesEmailSender implements EmailSender {
  readonly #ses: SESv2Client;
  readonly #from: string;

  constructor(ses: SESv2Client, from: string) {
    this.#ses = ses;
    this.#from = from;
  }

  async send({ to, subject, text }: Email): Promise<void> {
    const correlationId = currentCorrelationId();
    const headers = correlationId === undefined ? undefined : [{ Name: 'X-Correlation-Id', Value: correlationId }];
    try {
      await this.#ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.#from,
          Destination: { ToAddresses: [to] },
          Content: { Simple: { Subject: { Data: subject, Charset: 'UTF-8' }, Body: { Text: { Data: text, Charset: 'UTF-8' } }, Headers: headers } },
        }),
      );
    } catch (error) {
      const { name, $retryable } = error as { name?: string; $retryable?: unknown };
      if ((name !== undefined && TRANSIENT.has(name)) || $retryable !== undefined) {
        throw new TransientError(`SES did not send the email now (${name}).`, { cause: error });
      }
      throw error;
    }
  }
}
