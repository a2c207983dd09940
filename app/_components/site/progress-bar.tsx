export function ProgressBar({ completed, total, label }: { completed: number; total: number; label: string }) {
  const percent = total === 0 ? 0 : Math.round((completed / total) * 100);
  return (
    <div className="progress">
      <div className="progress-bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <span style={{ width: `${percent}%` }} />
      </div>
      <span>
        {percent}% · {completed}/{total} lessons
      </span>
    </div>
  );
}

export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}
