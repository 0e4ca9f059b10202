/** @type {import('next').NextConfig} */
const nextConfig = {
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
