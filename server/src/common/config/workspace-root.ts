import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

/** The repository root: the nearest folder above this file that holds nx.json (source or compiled). */
export function workspaceRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** A configured path made absolute from the repository root, so it means the same from every working directory. */
export function fromWorkspaceRoot(path: string, root: string = workspaceRoot()): string {
  return isAbsolute(path) ? path : join(root, path);
}
