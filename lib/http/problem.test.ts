import { UnprocessableError } from '../errors.ts';
import { toProblem } from './problem.ts';

describe('problem details', () => {
  it('makes an UnprocessableError a 422 that names each field and why', () => {
    const { problem } = toProblem(new UnprocessableError([{ field: 'items.1.productId', reason: 'is not a product the catalog sells' }]));

    expect(problem).toEqual({
      type: 'urn:shop:problem:unprocessable',
      title: 'The request cannot be carried out',
      status: 422,
      detail: 'items.1.productId: is not a product the catalog sells',
      errors: [{ field: 'items.1.productId', reason: 'is not a product the catalog sells' }],
    });
  });
});

describe('an AWS call that failed for the moment', () => {
  // As the AWS SDK throws them once its own retries are spent.
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED', $metadata: { attempts: 4 } });
  const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
  const unavailable = Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $fault: 'server', $metadata: { httpStatusCode: 503 } });

  it.each([
    ['a connection refused', refused],
    ['a throttle', throttled],
    ['a 503 of the service', unavailable],
  ])('is a 503 with Retry-After, not a 500: %s', (_, error) => {
    const { problem, headers } = toProblem(error);

    expect(problem).toMatchObject({ status: 503, type: 'urn:shop:problem:unavailable' });
    expect(Number(headers['retry-after'])).toBeGreaterThan(0);
  });

  it('is a 500 when the request itself was wrong (a validation error of the service)', () => {
    const invalid = Object.assign(new Error('One or more parameter values were invalid'), { name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 } });

    expect(toProblem(invalid).problem.status).toBe(500);
  });
});
