import type { AppContext } from '../../../src/composition/create-app-context.js';
import { PgPortfolioReadRepository } from '../../../src/db/repositories/pg-portfolio-read-repository.js';
import { PortfolioQueryService } from '../../../src/portfolio/portfolio-query-service.js';
import { PortfolioValuationService } from '../../../src/portfolio/portfolio-valuation-service.js';
import { PriceBookLoader } from '../../../src/portfolio/price-book-loader.js';

/** The valuation read model over a test app's database and price table, valued as of now. */
export function valuationServiceFor(app: AppContext): PortfolioValuationService {
  return new PortfolioValuationService({
    portfolio: new PortfolioQueryService({ reader: new PgPortfolioReadRepository(app.prisma) }),
    books: new PriceBookLoader({ prices: app.repositories.prices, now: () => new Date() }),
    now: () => new Date(),
  });
}
