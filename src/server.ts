import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { createServices } from './services.js';

/** Starts the service: open the database, apply migrations, listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = openDatabase(config);
  const applied = await migrateToLatest(database);
  if (applied.length > 0) console.log(JSON.stringify({ msg: 'migrations applied', migrations: applied }));
  const services = createServices(database);
  const app = createApp(services, { log: (error) => console.error(error) });
  const server = app.listen(config.port, () => {
    console.log(
      JSON.stringify({
        msg: 'Jomart Ledger listening',
        url: `http://localhost:${config.port}`,
        database: database.location,
      }),
    );
  });
  const shutdown = () => {
    server.close(() => void database.knex.destroy().then(() => process.exit(0)));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
