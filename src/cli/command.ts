/** One `adafolio <name>` sub-command. Each lives in its own file under ./commands and is listed in index.ts. */
export interface CliCommand {
  name: string;
  summary: string;
  usage?: string;
  /** Receives the arguments after the command name; resolves with the process exit code. */
  run(args: string[]): Promise<number>;
}
