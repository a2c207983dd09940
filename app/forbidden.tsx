import Link from "next/link";

// Rendered with HTTP 403 when a page calls forbidden() (requireRole).
export default function Forbidden() {
  return (
    <div className="status-page">
      <p className="status-code">403</p>
      <h1>This page is not for your account</h1>
      <p>You are signed in, but this area needs a different role (for example, instructor pages are for instructors).</p>
      <p>
        <Link href="/learning">Go to My learning</Link> · <Link href="/">Browse courses</Link>
      </p>
    </div>
  );
}
