import type { QueueGauge } from '../ports.ts';

/** A gauge over two queues a test arranged: one with messages in it and in its DLQ, one without a DLQ. */
export type ArrangedQueues = {
  gauge: QueueGauge;
  /** Holds 2 visible messages and 1 in flight; its DLQ (`deadLetterName`) holds 1 visible. */
  busy: string;
  deadLetterName: string;
  /** Empty, with no DLQ. */
  lonely: string;
};

/** What every QueueGauge promises, run against the in-memory fake and the SQS adapter alike. */
export function describeQueueGaugeContract(name: string, arrange: () => Promise<ArrangedQueues>): void {
  describe(`${name} keeps the QueueGauge contract`, () => {
    it("counts a queue's visible and in-flight messages, and its DLQ's", async () => {
      const { gauge, busy, deadLetterName } = await arrange();

      expect(await gauge.depths(busy)).toEqual({ visible: 2, inFlight: 1, deadLetter: { name: deadLetterName, visible: 1, inFlight: 0 } });
    });

    it('gives no DLQ for a queue without a redrive policy', async () => {
      const { gauge, lonely } = await arrange();

      expect(await gauge.depths(lonely)).toEqual({ visible: 0, inFlight: 0, deadLetter: null });
    });
  });
}
