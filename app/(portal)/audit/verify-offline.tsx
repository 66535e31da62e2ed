import { CopyText } from '@/app/_components/copy-text';

/** How an auditor checks an export on their own machine, and the key fingerprint to pin. */
export function VerifyOffline({ fingerprint }: { fingerprint: string | null }) {
  return (
    <section aria-label="Verify an export offline" className="rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
      <h2 className="font-semibold text-tremor-content-strong">Verify an export offline</h2>
      <p className="mt-1 text-tremor-default text-tremor-content">
        The vigil command checks a JSON Lines export on any machine, without this server: every hash, the signed checkpoints at both ends and the signed manifest.
        Pin the fingerprint below so that a file re-signed with any other key fails; keep it somewhere you trust.
      </p>
      {fingerprint ? (
        <>
          <CopyText label="Verify command" text={`npx vigil audit verify export.jsonl --fingerprint ${fingerprint}`} />
          <p className="mt-3 text-tremor-label font-medium text-tremor-content-strong">Signing key fingerprint</p>
          <p className="text-tremor-label text-tremor-content">SHA-256 of the raw Ed25519 public key; also at /api/v1/audit/public-key.</p>
          <p data-testid="signing-key-fingerprint" className="mt-1 select-all break-all font-mono text-[11px] text-tremor-content-strong">{fingerprint}</p>
        </>
      ) : (
        <p role="alert" className="mt-2 text-tremor-default text-red-700">
          The signing key is not available to the web server (VIGIL_AUDIT_SIGNING_KEY), so exports cannot be signed.
        </p>
      )}
    </section>
  );
}
