/**
 * The name Stripe meters a request under: its method and route, with object ids replaced (`GET /v1/invoices/:id/lines`),
 * so every invoice's lines share one endpoint bucket as they share one limit at Stripe. Ids sit at the even positions
 * after the version (`/v1/<collection>/<id>/<sub-collection>/<id>`) and always carry a prefix (`in_`, `sub_`); words
 * that can stand there (`search`, `upcoming`) carry none.
 */
export function endpointKey(method: string, path: string): string {
  const [pathname = ''] = path.split('?', 1);
  const segments = pathname.split('/').filter((segment) => segment !== '');
  const route = segments.map((segment, index) => (index >= 2 && index % 2 === 0 && segment.includes('_') ? ':id' : segment));
  return `${method.toUpperCase()} /${route.join('/')}`;
}
