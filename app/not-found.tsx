import Link from "next/link";

export default function NotFound() {
  return (
    <div className="status-page">
      <p className="status-code">404</p>
      <h1>Page not found</h1>
      <p>The course, lesson or page you asked for does not exist (or has moved).</p>
      <p>
        <Link href="/">Browse all courses</Link>
      </p>
    </div>
  );
}
