package shoplab.services.product.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The product service's in-process search, on Lucene (the engine inside Elasticsearch) over an in-memory index.
 * It is fed by a change stream that may redeliver or reorder, so a document only replaces what is indexed for
 * its SKU when its version is higher. Thread-safe; every write is visible to the writing thread's next search.
 */
public final class ProductSearch implements AutoCloseable {

    public static final int MAX_KEYWORD_LENGTH = 200;
    public static final int MAX_LIMIT = 100;
    public static final int MAX_OFFSET = 10_000;

    private static final String SKU = "sku";
    private static final String NAME = "name";
    private static final String DETAIL = "detail";
    private static final String BRAND = "brand";
    private static final String CATEGORY = "category";
    private static final String PRICE = "price";
    private static final String VERSION = "version";
    private static final float NAME_BOOST = 2f;

    /** Best match first; equal scores (e.g. a search with filters only) in SKU order, so paging is stable. */
    private static final Sort ORDER = new Sort(SortField.FIELD_SCORE, new SortField(SKU, SortField.Type.STRING));

    /**
     * One product as the change stream delivers it. {@code categoryPath} holds the product's category id and
     * all its ancestors' ids; {@code brand} and {@code detail} may be null.
     */
    public record ProductDoc(String sku, String name, String brand, List<Long> categoryPath, long priceCents,
                             String detail, long version) {
        public ProductDoc {
            if (sku == null || sku.isBlank()) {
                throw new IllegalArgumentException("sku must not be null or blank");
            }
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(categoryPath, "categoryPath");
            categoryPath = List.copyOf(categoryPath); // also rejects null ids
            if (priceCents < 0) {
                throw new IllegalArgumentException("priceCents must be >= 0, got " + priceCents);
            }
            // -1 is what version(sku) answers for an absent SKU
            if (version < 0) {
                throw new IllegalArgumentException("version must be >= 0, got " + version);
            }
        }
    }

    /**
     * A search. Every field but {@code limit} and {@code offset} is optional (null: no constraint).
     * {@code categoryId} matches products whose category path contains it, so a parent category finds its
     * subtree; {@code brand} is matched exactly (case included); the price bounds are inclusive.
     */
    public record Query(String keyword, Long categoryId, String brand, Long minPriceCents, Long maxPriceCents,
                        int limit, int offset) {
        public Query {
            if (keyword != null && keyword.isBlank()) {
                throw new IllegalArgumentException("keyword must be null or not blank");
            }
            if (keyword != null && keyword.length() > MAX_KEYWORD_LENGTH) {
                throw new IllegalArgumentException("keyword must be at most " + MAX_KEYWORD_LENGTH
                        + " characters, got " + keyword.length());
            }
            if (minPriceCents != null && minPriceCents < 0) {
                throw new IllegalArgumentException("minPriceCents must be >= 0, got " + minPriceCents);
            }
            if (maxPriceCents != null && maxPriceCents < 0) {
                throw new IllegalArgumentException("maxPriceCents must be >= 0, got " + maxPriceCents);
            }
            if (minPriceCents != null && maxPriceCents != null && minPriceCents > maxPriceCents) {
                throw new IllegalArgumentException("minPriceCents (" + minPriceCents
                        + ") must be <= maxPriceCents (" + maxPriceCents + ")");
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", got " + limit);
            }
            if (offset < 0 || offset > MAX_OFFSET) {
                throw new IllegalArgumentException("offset must be in 0.." + MAX_OFFSET + ", got " + offset);
            }
        }
    }

    public record Hit(String sku, String name, long priceCents, long version) {
    }

    /** {@code total} counts every match (exactly), not only the page's hits. */
    public record Page(long total, List<Hit> hits) {
        public Page {
            hits = List.copyOf(hits);
        }
    }

    private final Analyzer analyzer = new StandardAnalyzer();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /**
     * The version indexed for each SKU. Checking and writing a SKU happen inside this map's compute(), which
     * serialises writes to one SKU, so a reordered older version can never overwrite a newer one.
     */
    private final ConcurrentHashMap<String, Long> versions = new ConcurrentHashMap<>();

    public ProductSearch() {
        try {
            writer = new IndexWriter(directory, new IndexWriterConfig(analyzer));
            // applyAllDeletes: a replaced or deleted product must not be found any more
            searchers = new SearcherManager(writer, true, false, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Indexes {@code d}, replacing its SKU's document, unless the version indexed for it is {@code >= d.version()}. */
    public void upsert(ProductDoc d) {
        boolean[] written = {false};
        versions.compute(d.sku(), (sku, indexed) -> {
            if (indexed != null && indexed >= d.version()) {
                return indexed; // a redelivery or an older change that arrived late
            }
            try {
                writer.updateDocument(new Term(SKU, sku), toDocument(d));
            } catch (IOException e) {
                throw new UncheckedIOException(e); // leaves the map as it was
            }
            written[0] = true;
            return d.version();
        });
        if (written[0]) {
            refresh();
        }
    }

    public void delete(String sku) {
        Objects.requireNonNull(sku, "sku");
        boolean[] written = {false};
        versions.computeIfPresent(sku, (s, indexed) -> {
            try {
                writer.deleteDocuments(new Term(SKU, s));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            written[0] = true;
            return null;
        });
        if (written[0]) {
            refresh();
        }
    }

    /** The version indexed for {@code sku}, or -1 when it is not indexed. */
    public long version(String sku) {
        return versions.getOrDefault(sku, -1L);
    }

    /** The number of products indexed. */
    public int size() {
        return versions.size();
    }

    public Page search(Query q) {
        org.apache.lucene.search.Query query = toLuceneQuery(q);
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                // the threshold Integer.MAX_VALUE makes the total hit count exact rather than a lower bound
                TopFieldDocs top = searcher.search(query,
                        new TopFieldCollectorManager(ORDER, q.offset() + q.limit(), null, Integer.MAX_VALUE));
                StoredFields stored = searcher.storedFields();
                List<Hit> hits = new ArrayList<>();
                for (int i = q.offset(); i < top.scoreDocs.length; i++) {
                    ScoreDoc sd = top.scoreDocs[i];
                    Document doc = stored.document(sd.doc);
                    hits.add(new Hit(doc.get(SKU), doc.get(NAME),
                            doc.getField(PRICE).numericValue().longValue(),
                            doc.getField(VERSION).numericValue().longValue()));
                }
                return new Page(top.totalHits.value, hits);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Call once no other call is in flight. */
    @Override
    public void close() {
        try {
            IOUtils.close(searchers, writer, directory, analyzer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * maybeRefreshBlocking, not maybeRefresh: the latter returns at once when another thread is refreshing,
     * and that thread may have opened its reader before our write, so our own next search could miss it.
     * The blocking variant takes the refresh lock and then reopens, after our write. One reopen per write is
     * cheap on a small in-memory catalog; a busy feed would batch writes or use ControlledRealTimeReopenThread.
     */
    private void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document toDocument(ProductDoc d) {
        Document doc = new Document();
        doc.add(new StringField(SKU, d.sku(), Field.Store.YES)); // the term updates and deletes address
        doc.add(new SortedDocValuesField(SKU, new BytesRef(d.sku()))); // the tie-break sort
        doc.add(new TextField(NAME, d.name(), Field.Store.YES));
        if (d.detail() != null) {
            doc.add(new TextField(DETAIL, d.detail(), Field.Store.NO));
        }
        if (d.brand() != null) {
            doc.add(new StringField(BRAND, d.brand(), Field.Store.NO));
        }
        // one keyword term per id of the path: a term query on any ancestor finds the product
        for (long id : new LinkedHashSet<>(d.categoryPath())) {
            doc.add(new StringField(CATEGORY, Long.toString(id), Field.Store.NO));
        }
        doc.add(new LongPoint(PRICE, d.priceCents()));
        doc.add(new StoredField(PRICE, d.priceCents()));
        doc.add(new StoredField(VERSION, d.version()));
        return doc;
    }

    /**
     * Built clause by clause, never through a query parser, so user text such as {@code name:x OR *} is only
     * ever words to look for. Filters (category, brand, price) do not change the score.
     */
    private org.apache.lucene.search.Query toLuceneQuery(Query q) {
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        boolean constrained = false;
        if (q.keyword() != null) {
            Set<String> terms = analyze(q.keyword());
            if (terms.isEmpty()) {
                // nothing searchable in the keyword (punctuation only): like Elasticsearch's match query, find nothing
                return new MatchNoDocsQuery("keyword has no searchable term");
            }
            for (String term : terms) {
                // each term must be in the name or in the detail; a name match counts double
                all.add(new BooleanQuery.Builder()
                        .add(new BoostQuery(new TermQuery(new Term(NAME, term)), NAME_BOOST), Occur.SHOULD)
                        .add(new TermQuery(new Term(DETAIL, term)), Occur.SHOULD)
                        .build(), Occur.MUST);
            }
            constrained = true;
        }
        if (q.categoryId() != null) {
            all.add(new TermQuery(new Term(CATEGORY, Long.toString(q.categoryId()))), Occur.FILTER);
            constrained = true;
        }
        if (q.brand() != null) {
            all.add(new TermQuery(new Term(BRAND, q.brand())), Occur.FILTER);
            constrained = true;
        }
        if (q.minPriceCents() != null || q.maxPriceCents() != null) {
            long min = q.minPriceCents() != null ? q.minPriceCents() : Long.MIN_VALUE;
            long max = q.maxPriceCents() != null ? q.maxPriceCents() : Long.MAX_VALUE;
            all.add(LongPoint.newRangeQuery(PRICE, min, max), Occur.FILTER);
            constrained = true;
        }
        // an empty boolean query matches nothing; no constraint at all means every product
        return constrained ? all.build() : new MatchAllDocsQuery();
    }

    /** The keyword's terms as the index holds them (same analyzer), duplicates dropped. */
    private Set<String> analyze(String keyword) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream ts = analyzer.tokenStream(NAME, keyword)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                terms.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }
}
