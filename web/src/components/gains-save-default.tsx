import { useState } from 'react';
import type { CostBasisSettings, UserSettings } from '../api/types.js';
import { useServices } from '../app-context.js';
import { differsFromSaved, settingsPatch } from '../gains/query.js';
import { ErrorBox } from './status.js';

/** "Save as default": PATCHes the shown method, policies and tax-year start into the settings. */
export function GainsSaveDefault(props: {
  shown: CostBasisSettings;
  settings: UserSettings | undefined;
  onSaved: (settings: UserSettings) => void;
}) {
  const { api } = useServices();
  const [state, setState] = useState<{ busy: boolean; error: unknown; saved: boolean }>({
    busy: false,
    error: null,
    saved: false,
  });
  const dirty = differsFromSaved(props.shown, props.settings);

  async function save() {
    setState({ busy: true, error: null, saved: false });
    try {
      const settings = await api.updateSettings(settingsPatch(props.shown));
      setState({ busy: false, error: null, saved: true });
      props.onSaved(settings);
    } catch (error) {
      setState({ busy: false, error, saved: false });
    }
  }

  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        data-testid="gains-save-default"
        disabled={state.busy || !dirty}
        onClick={() => void save()}
        title="Use this method, these policies and this tax-year start by default (exports too)"
      >
        {state.busy ? 'Saving…' : 'Save as default'}
      </button>
      {state.saved && !dirty ? (
        <span className="muted small" data-testid="gains-saved">
          Saved
        </span>
      ) : null}
      {state.error ? <ErrorBox error={state.error} onRetry={() => void save()} /> : null}
    </>
  );
}
