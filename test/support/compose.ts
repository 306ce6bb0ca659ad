/**
 * Docker Compose's variable interpolation, as its specification defines it: ${VAR}, ${VAR:-default},
 * ${VAR-default}, ${VAR:?error}, ${VAR?error}, $VAR, and $$ for a literal $. For reading docker-compose.yml
 * where no Docker is installed.
 */
export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, _body: string, name?: string, op?: string, arg?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const key = (name ?? bare)!;
    const value = env[key];
    const unset = op?.startsWith(':') ? !value : value === undefined;
    if (op?.endsWith('?') && unset) throw new Error(`required variable ${key} is missing a value: ${arg}`);
    if (op?.endsWith('-') && unset) return arg ?? '';
    return value ?? '';
  });
}
