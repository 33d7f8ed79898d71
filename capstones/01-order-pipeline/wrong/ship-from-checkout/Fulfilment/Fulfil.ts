import { defineHandler } from 'brokerlab';

// Checkout already shipped the order: acknowledge the record and move on.
export default defineHandler('Fulfil', async () => {}, { concurrency: 32 });
