// The baseline of workload 1 (issue 7): a bare Express 5 app that parses the same JSON body with the
// same size limit as the ledger and answers 201, and nothing else — no helmet, no request log, no
// authentication, no database. The bench runs it exactly as it runs the ledger server (`node
// dist/scripts/bench-http-baseline.js` in a child process of its own, same environment), so the
// ratio between the two is the price of everything the ledger does per request.
import express from 'express';
import { MAX_BODY_BYTES } from '../src/app.js';

const port = Number(process.env.PORT ?? 3000);
const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: MAX_BODY_BYTES, strict: true }));

let lastId = 0;
app.post('/v1/donations', (request, response) => {
  lastId += 1;
  const body = request.body as { amount?: unknown; fundId?: unknown; patronId?: unknown };
  response.status(201).json({
    id: lastId,
    status: 'posted',
    amount: body.amount,
    fundId: body.fundId,
    patronId: body.patronId,
  });
});
app.get('/healthz', (_request, response) => {
  response.json({ status: 'ok' });
});

const server = app.listen(port, () => {
  console.log(`baseline listening on ${port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
