import type { Command } from 'commander';

/** `seed demo`, `close-period`, `users create`, `report NAME` (being built). */
export function adminCommands(): Command[] {
  return [];
}
