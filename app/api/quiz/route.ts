import { onQuizResult } from "@/lib/progress";
import { createQuizHandler } from "./handler";

/** checks answers on the server and records the signed-in learner's best score */
export const POST = createQuizHandler({ onResult: onQuizResult });
