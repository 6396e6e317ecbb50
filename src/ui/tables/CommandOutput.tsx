import { useT } from '../i18n/useT'

/** A command's text output as the node prints it; a long line scrolls, so the box takes focus. */
export function CommandOutput({ text, testId }: { text: string; testId?: string }) {
  const t = useT()
  return (
    <pre className="pj-raw" tabIndex={0} role="region" aria-label={t('tables.outputLabel')} data-testid={testId}>
      {text}
    </pre>
  )
}
