import type { Metadata } from "next";
import Link from "next/link";
import { getCatalog } from "@/lib/content";
import { getDb } from "@/lib/db";
import { getLearning, type CourseProgress } from "@/lib/progress";
import { getSession } from "@/lib/auth/session";
import { Catalogue } from "./_components/site/catalogue";

export const metadata: Metadata = { title: { absolute: "Kubelab — learn what happens behind Kubernetes" } };

export default async function HomePage() {
  const [courses, user] = await Promise.all([getCatalog(), getSession()]);
  const progress = new Map<string, CourseProgress>();
  if (user) for (const p of await getLearning(getDb(), user.id, courses)) progress.set(p.course.slug, p);
  return (
    <>
      <h1>Learn what happens behind Kubernetes</h1>
      <p className="lede">
        Hands-on courses with a cluster of your own: follow a request from <code>kubectl</code> through the API server, the store,
        the scheduler and the kubelet.
      </p>
      {!user && (
        <p className="notice">
          <Link href="/signup">Create a free account</Link> to keep your progress and quiz scores, or{" "}
          <Link href="/signin">sign in</Link>.
        </p>
      )}
      <h2 className="visually-hidden">Courses</h2>
      <Catalogue courses={courses} progress={progress} />
    </>
  );
}
