# Time R's sna::brokerage() on a ties/nodes CSV pair and write its results for comparison.
#
# Usage: Rscript benchmarks/sna_brokerage.R TIES.csv NODES.csv OUTDIR
#
# The ties become an sna edgelist exactly as as.edgelist.sna() takes one: a three-column
# matrix (sender, receiver, value) of 1-based node indices with attr(el, "n") = N; a matrix
# with three columns and an "n" attribute is passed through unchanged. Node i is row i of
# NODES.csv, the order nlc uses, so the rows of raw.nli line up with nlc's nodes. Only the
# brokerage() call is timed. Facts are printed as "key=value" lines for the Python driver.

suppressPackageStartupMessages(library(sna))
args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) == 3)
out <- args[3]
dir.create(out, showWarnings = FALSE, recursive = TRUE)

t_read <- system.time({
  ties <- read.csv(args[1], colClasses = "character")
  nodes <- read.csv(args[2], colClasses = "character")
})
N <- nrow(nodes)
snd <- match(ties$source, nodes$id)
rec <- match(ties$target, nodes$id)
stopifnot(!anyNA(snd), !anyNA(rec))
el <- cbind(snd, rec, 1)
attr(el, "n") <- N
cl <- nodes$group

# sna must see the same arcs as nlc: no loops, no duplicates, the edgelist kept as given.
cat(sprintf("sna_version=%s\n", as.character(packageVersion("sna"))))
cat(sprintf("r_version=%s\n", paste(R.version$major, R.version$minor, sep = ".")))
cat(sprintf("nodes=%d\narcs=%d\n", N, nrow(el)))
cat(sprintf("loops=%d\n", sum(el[, 1] == el[, 2])))
cat(sprintf("duplicates=%d\n", sum(duplicated(el[, 1:2]))))
cat(sprintf("edgelist_unchanged=%s\n", identical(as.edgelist.sna(el), el)))
cat(sprintf("read_seconds=%.3f\n", t_read[["elapsed"]]))

timing <- system.time(b <- brokerage(el, cl))
cat(sprintf("brokerage_elapsed=%.3f\n", timing[["elapsed"]]))
cat(sprintf("brokerage_user=%.3f\n", timing[["user.self"]]))
cat(sprintf("brokerage_sys=%.3f\n", timing[["sys.self"]]))

# For the record, not for the comparison: the C counting routine alone, called as
# brokerage() calls it; the rest of brokerage() is R code (moments, per-node rbind).
g <- as.edgelist.sna(el)
icl <- match(cl, unique(cl))
t_c <- system.time(.C("brokerage_R", as.double(g), as.integer(N), as.integer(NROW(g)),
  as.integer(icl), brok = as.double(matrix(0, N, 5)), PACKAGE = "sna", NAOK = TRUE))
cat(sprintf("c_loop_elapsed=%.3f\n", t_c[["elapsed"]]))

write_matrix <- function(m, path) {
  text <- matrix(sprintf("%.17g", m), nrow = NROW(m))
  lines <- apply(text, 1, paste, collapse = ",")
  writeLines(c(paste(colnames(m), collapse = ","), lines), path)
}
write_matrix(b$raw.nli, file.path(out, "raw_nli.csv"))
write_matrix(b$z.nli, file.path(out, "z_nli.csv"))
gli <- rbind(raw = b$raw.gli, exp = b$exp.gli, sd = b$sd.gli, z = b$z.gli)
colnames(gli) <- names(b$raw.gli)
write_matrix(gli, file.path(out, "gli.csv"))
cat("done=1\n")
