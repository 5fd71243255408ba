/**
 * A step that runs one at a time: asked while it runs, it runs once more right after (however
 * often it was asked meanwhile). A step that returns true asks for the next run itself.
 */
export class CoalescedRun {
  private running = false;
  private again = false;

  constructor(
    private readonly o: {
      readonly step: () => Promise<boolean | void>;
      /** Nothing starts, and no further run follows, once this says so. */
      readonly stopped: () => boolean;
      readonly onError: (e: unknown) => void;
      /** How a run is started (in the background the owner's shutdown waits for, or left alone). */
      readonly launch?: ((run: () => Promise<void>) => void) | undefined;
    },
  ) {}

  request(): void {
    if (this.o.stopped()) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    const run = () => this.loop();
    if (this.o.launch) this.o.launch(run);
    else void run();
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        if ((await this.o.step()) === true) this.again = true;
      } while (this.again && !this.o.stopped());
    } catch (e) {
      this.o.onError(e);
    } finally {
      this.running = false;
    }
  }
}
