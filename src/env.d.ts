/// <reference types="astro/client" />

declare module 'virtual:arbor/site' {
  export const site: import('./site.config.ts').SiteConfig;
}
