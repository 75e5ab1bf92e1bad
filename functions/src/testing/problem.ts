import { expect } from "vitest";

export interface ProblemBody {
  type: string;
  code: string;
  status: number;
  title: string;
  detail?: string;
  messageFa: string;
  requestId: string;
  fields?: { path: string; message: string }[];
  [key: string]: unknown;
}

/** Asserts the answer is problem+json and returns its body. */
export async function readProblem(res: Response): Promise<ProblemBody> {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as ProblemBody;
}
