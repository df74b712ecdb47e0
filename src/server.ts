import { pino } from 'pino';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { createServices } from './services.js';

/** Starts the service: read the settings, open the database, apply migrations, make the first admin, listen. */
async function main(): Promise<void> {
  const logger = pino({ level: process.env.LOG_LEVEL || 'info' });
  const config = loadConfig();
  if (config.jwtSecretGenerated) {
    logger.warn('JWT_SECRET is not set: using a random key for this process; tokens end when it stops');
  }
  const database = openDatabase(config);
  const applied = await migrateToLatest(database);
  if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');
  const services = createServices(database, config);
  const admin = await services.users.ensureFirstAdmin(config.adminEmail, config.adminPassword);
  if (admin?.generatedPassword) {
    // Printed once, on purpose, to the console only: the one way to learn the first password.
    console.log(
      `\n  First admin created: ${admin.email}\n  One-time password:   ${admin.generatedPassword}\n  Log in and keep it safe; it is not shown again.\n`,
    );
  } else if (admin) {
    logger.info({ email: admin.email }, 'first admin created from ADMIN_EMAIL');
  }
  const app = createApp(services, logger);
  const server = app.listen(config.port, () => {
    logger.info(
      { url: `http://localhost:${config.port}`, database: database.location },
      'Jomart Ledger listening',
    );
  });
  const shutdown = () => {
    server.close(() => void database.knex.destroy().then(() => process.exit(0)));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
