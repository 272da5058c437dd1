import { productsPath, routeOf } from '../src/routes';

describe("the storefront's routes", () => {
  it.each([
    ['/', '', { page: 'products' }],
    ['/', '?category=tea&cursor=abc', { page: 'products', category: 'tea', cursor: 'abc' }],
    ['/products/7d0c1f9e', '', { page: 'product', id: '7d0c1f9e' }],
    ['/orders/7d0c1f9e', '', { page: 'order', id: '7d0c1f9e' }],
    ['/sign-in', '?next=%2Forders', { page: 'sign-in', next: '/orders' }],
    ['/admin', '', { page: 'admin', admin: { page: 'products' } }],
    ['/admin/products/new', '', { page: 'admin', admin: { page: 'new-product' } }],
    ['/admin/products/7d0c1f9e', '', { page: 'admin', admin: { page: 'product', id: '7d0c1f9e' } }],
    ['/admin/operations', '', { page: 'admin', admin: { page: 'operations' } }],
    ['/admin/nothing', '', { page: 'not-found' }],
    ['/admin/operations/more', '', { page: 'not-found' }],
    ['/admin/products/7d0c1f9e/more', '', { page: 'not-found' }],
    ['/cart/extra', '', { page: 'not-found' }],
  ])('reads %s%s', (pathname, search, route) => {
    expect(routeOf(pathname, search)).toEqual(route);
  });

  it.each(['https://evil.example', '//evil.example', '/\\evil.example'])('drops a next (%s) that would leave the site', (next) => {
    expect(routeOf('/sign-in', `?next=${encodeURIComponent(next)}`)).toEqual({ page: 'sign-in' });
  });

  it('writes the path of a category and a page', () => {
    expect(productsPath()).toBe('/');
    expect(productsPath({ category: 'tea & co', cursor: 'x' })).toBe('/?category=tea+%26+co&cursor=x');
  });
});
