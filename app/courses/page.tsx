import { redirect } from "next/navigation";

// The catalogue lives at "/"; /courses is kept as a stable alias.
export default function CoursesPage(): never {
  redirect("/");
}
