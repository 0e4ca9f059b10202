const dev = process.env.NODE_ENV === 'development';

/**
 * Sent with every answer. Next.js's own inline bootstrap scripts need 'unsafe-inline' (no nonces: pages are
 * dynamic anyway); 'unsafe-eval' only in `next dev` (React's dev tooling). Nothing may frame the dashboard.
 */
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  `connect-src 'self'${dev ? ' ws:' : ''}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = [
  { key: 'Content-Security-Policy', value: csp },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
  // Several builds can live side by side (e.g. the e2e suite's own); default `.next`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // WASM-backed and native-protocol packages load their own files at run time: keep them out of the bundle.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'libpg-query',
    'web-tree-sitter',
    'tree-sitter-python',
    'pg',
    '@prisma/client',
    '@prisma/adapter-pg',
    'pglite-prisma-adapter',
  ],
  poweredByHeader: false,
};

export default nextConfig;
