-- ARGV: prefix, tokenId. Reply: snapshot
return snapshot(ARGV[2])
