/** CSS custom properties for diagram colours: light by default, dark under prefers-color-scheme. */
export function diagramThemeCss(vars: Record<string, { light: string; dark: string }>): string {
  const decl = (mode: 'light' | 'dark') =>
    Object.entries(vars)
      .map(([name, v]) => `--arbor-dg-${name}:${v[mode]};`)
      .join('');
  return `:root{${decl('light')}}@media (prefers-color-scheme: dark){:root{${decl('dark')}}}`;
}
