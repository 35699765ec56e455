/** FakeCore: the transport-free fake, a tenant registry whose requests the vendor pipeline answers. */
import type { CoreRequest, CoreResponse, OriginHandler } from '../core/http-types.js';
import { TenantRegistry, type FakeOptions } from '../domain/tenant-registry.js';
import { createVendorPipeline, type VendorPipeline } from './pipeline.js';

/** The fake without a transport: what every adapter is given (it answers `baseUrl`, reading bodies up to `maxBodyBytes`). */
export class FakeCore extends TenantRegistry implements OriginHandler {
  readonly #pipeline: VendorPipeline;
  /** The largest body adapters should read: the vendor contract's `x-max-body-bytes`. */
  readonly maxBodyBytes: number;

  constructor(options: FakeOptions = {}) {
    super(options);
    this.#pipeline = createVendorPipeline(this);
    this.maxBodyBytes = this.#pipeline.maxBodyBytes;
  }

  /** Answers one vendor request (the entry point of every transport). */
  handle(request: CoreRequest): Promise<CoreResponse> {
    return this.#pipeline.handle(request);
  }

  /** Answers one vendor request, at once when it is decided in one synchronous step (see RequestHandler.decide). */
  decide(request: CoreRequest): CoreResponse | Promise<CoreResponse> {
    return this.#pipeline.decide(request);
  }

  /** Removes a tenant (not the default one) and forgets the tokens verified for it. */
  override deleteTenant(accessId: string): boolean {
    const removed = super.deleteTenant(accessId);
    if (removed) this.#pipeline.clearAuthCache();
    return removed;
  }
}
