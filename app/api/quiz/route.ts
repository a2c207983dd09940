import { createQuizHandler } from "./handler";

export const POST = createQuizHandler();
