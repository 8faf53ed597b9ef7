import { useEffect, useState } from 'react';
import { useServices } from '../app-context.js';
import { detectWallets, type DetectedWallet } from '../auth/cip30.js';
import { describeWalletError, signInWithWallet, type SignInStep } from '../auth/wallet-sign-in.js';
import { ApiError } from '../api/api-error.js';
import { DEMO_WALLET_ID, demoKeyProvider, demoKeySupported } from '../auth/demo-key/demo-key-provider.js';
import { describeError } from './status.js';

const STEP_TEXT: Record<SignInStep, string> = {
  connecting: 'Connecting to the wallet…',
  challenge: 'Asking Adafolio for a sign-in challenge…',
  signing: 'Please approve the signature in your wallet…',
  verifying: 'Checking the signature…',
};

/** Wallet extensions inject `window.cardano` after the page loads; look again for a few seconds. */
function useDetectedWallets(): DetectedWallet[] {
  const [wallets, setWallets] = useState<DetectedWallet[]>(() => detectWallets());
  useEffect(() => {
    let tries = 0;
    const timer = setInterval(() => {
      const found = detectWallets();
      setWallets((prev) => (found.length !== prev.length ? found : prev));
      if (++tries >= 10) clearInterval(timer);
    }, 500);
    return () => clearInterval(timer);
  }, []);
  return wallets;
}

/** Whether this browser can hold a demo key (WebCrypto Ed25519). */
function useDemoKeySupport(): boolean {
  const [supported, setSupported] = useState(false);
  useEffect(() => {
    let live = true;
    void demoKeySupported().then((ok) => live && setSupported(ok));
    return () => {
      live = false;
    };
  }, []);
  return supported;
}

export function SignInPage() {
  const { api, session } = useServices();
  const wallets = useDetectedWallets();
  const demoSupported = useDemoKeySupport();
  const demoWallet: DetectedWallet = {
    id: DEMO_WALLET_ID,
    name: 'Demo key',
    icon: null,
    provider: demoKeyProvider(),
  };
  const [busy, setBusy] = useState<string | null>(null);
  const [step, setStep] = useState<SignInStep | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function signIn(wallet: DetectedWallet) {
    setBusy(wallet.id);
    setError(null);
    try {
      await signInWithWallet(wallet, { api, session, onStep: setStep });
    } catch (e) {
      setError(e instanceof ApiError || e instanceof TypeError ? describeError(e) : describeWalletError(e));
    } finally {
      setBusy(null);
      setStep(null);
    }
  }

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Adafolio
        </div>
        <p className="muted">
          Track every Cardano wallet you own in one place. Sign in by signing a one-time message with your
          wallet; no transaction is made and no funds move.
        </p>
        {wallets.length > 0 ? (
          <ul className="wallet-choices">
            {wallets.map((w) => (
              <li key={w.id}>
                <button
                  type="button"
                  className="btn wallet-choice"
                  disabled={busy !== null}
                  onClick={() => void signIn(w)}
                  data-testid={`sign-in-${w.id}`}
                >
                  {w.icon ? (
                    <img src={w.icon} alt="" width={24} height={24} />
                  ) : (
                    <span className="wallet-dot" />
                  )}
                  <span>Sign in with {w.name}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <div className="status status-empty">
            <strong>No Cardano wallet found in this browser.</strong>
            <div>
              Install a CIP-30 wallet extension (Eternl, Lace, Nami, Flint, Typhon, …) and reload this page.
            </div>
          </div>
        )}
        {demoSupported ? (
          <div className="demo-key">
            <div className="sign-in-divider">No wallet extension?</div>
            <button
              type="button"
              className="btn btn-ghost wallet-choice"
              disabled={busy !== null}
              onClick={() => void signIn(demoWallet)}
              data-testid="sign-in-demo-key"
            >
              <span className="wallet-dot" />
              <span>Try it with a demo key</span>
            </button>
            <p className="muted small">
              Creates a signing key kept only in this browser and signs in with it, exactly as a wallet would.
              Clearing this site&apos;s data loses that account. Good for the demo; use a real wallet for your
              portfolio.
            </p>
          </div>
        ) : null}
        {step ? (
          <p className="status status-loading" role="status">
            <span className="spinner" aria-hidden="true" />
            {STEP_TEXT[step]}
          </p>
        ) : null}
        {error ? (
          <p className="status status-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </main>
  );
}
