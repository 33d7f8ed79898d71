// Security and governance: the broker grants each service only what it needs. Checkout may
// send to its own topic; Shipping and Analytics may listen on their own subscriptions; only
// Shipping may turn protected personal data back into an address. The starter pushes a copy
// straight into Shipping's queue (no grant: Unauthorized) and puts e-mail and address in clear
// text into an event that Analytics, too, receives.

import { defineLessonScenario } from '../../../src/content/types';

export default defineLessonScenario({
  id: 'lesson-security',
  title: 'Security and governance',
  summary: 'Least privilege on the broker, and personal data kept out of events.',
  broker: 'generic',
  entities: [
    { type: 'topic', name: 'orders', subscribers: ['shipping', 'analytics'] },
    { type: 'queue', name: 'shipping' },
    { type: 'queue', name: 'analytics' },
  ],
  messages: [
    {
      type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId', version: 1,
      description: 'An order was accepted; read by Shipping and Analytics.',
      schema: {
        '1': {
          orderId: { type: 'string' },
          total: { type: 'number' },
          email: { type: 'string', personal: true, description: 'Customer e-mail: a token, never clear text' },
          address: { type: 'string', personal: true, description: 'Delivery address: a token, never clear text' },
        },
      },
    },
    { type: 'ShipOrder', kind: 'command', to: 'shipping', keyField: 'orderId', description: 'Ship an order (Shipping’s own queue).' },
  ],
  services: [
    { name: 'Checkout', handlers: [{ name: 'PlaceOrder', code: { file: 'Checkout/PlaceOrder.ts' } }] },
    { name: 'Shipping', handlers: [{ name: 'Ship', consumes: 'shipping', code: { file: 'Shipping/Ship.ts' } }] },
    { name: 'Analytics', handlers: [{ name: 'RecordSale', consumes: 'analytics', code: { file: 'Analytics/RecordSale.ts' } }] },
  ],
  permissions: {
    Checkout: { send: ['orders'] },
    Shipping: { listen: ['shipping'], reveal: true },
    Analytics: { listen: ['analytics'] },
  },
  // 5 orders from 3 customers (1 and 4, 2 and 5 are the same person): Analytics counts per customer.
  workload: [{ kind: 'steady', service: 'Checkout', handler: 'PlaceOrder', count: 5, intervalTicks: 200, body: { orderId: 'order-{n}', total: 30, email: 'customer{n%3}@example.com', address: '{rand:1-999} Harbour Street' } }],
});
