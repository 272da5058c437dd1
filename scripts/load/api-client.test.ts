import { ApiClient } from './api-client.ts';

describe('the load generator\'s API client', () => {
  const client = new ApiClient('http://127.0.0.1:3000', () => {});

  it('builds every URL on the origin it was given', () => {
    expect(client.urlOf('/products?limit=5').href).toBe('http://127.0.0.1:3000/products?limit=5');
    expect(new ApiClient('https://api.example.com/prod/', () => {}).urlOf('/orders').href).toBe('https://api.example.com/prod/orders');
  });

  it('refuses a path that would lead to another address', () => {
    for (const path of ['//evil.example.com/x', 'http://evil.example.com/', 'products']) {
      expect(() => client.urlOf(path)).toThrow();
    }
  });

  it('takes only http and https', () => {
    expect(() => new ApiClient('file:///etc/passwd', () => {})).toThrow('http or https');
  });
});
