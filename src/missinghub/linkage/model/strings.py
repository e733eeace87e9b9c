"""String similarity in Python, giving exactly what DuckDB's built-in functions give (tested):
`jaro_winkler_similarity` (prefix scale 0.1, up to 4 characters, boost above 0.7) and
`levenshtein`. Used by the intake scorer on a handful of candidates at a time."""


def _jaro(left: str, right: str) -> float:
    if not left or not right:
        return 0.0
    window = max(max(len(left), len(right)) // 2 - 1, 0)
    taken = [False] * len(right)
    left_matches: list[str] = []
    for i, char in enumerate(left):
        for j in range(max(0, i - window), min(len(right), i + window + 1)):
            if not taken[j] and right[j] == char:
                taken[j] = True
                left_matches.append(char)
                break
    matches = len(left_matches)
    if not matches:
        return 0.0
    right_matches = [char for j, char in enumerate(right) if taken[j]]
    half_transpositions = sum(a != b for a, b in zip(left_matches, right_matches, strict=True))
    transpositions = half_transpositions // 2
    return (matches / len(left) + matches / len(right) + (matches - transpositions) / matches) / 3


def jaro_winkler(left: str, right: str) -> float:
    similarity = _jaro(left, right)
    if similarity <= 0.7:
        return similarity
    prefix = 0
    for a, b in zip(left[:4], right[:4], strict=False):
        if a != b:
            break
        prefix += 1
    return similarity + prefix * 0.1 * (1.0 - similarity)


def levenshtein(left: str, right: str) -> int:
    previous = list(range(len(right) + 1))
    for i, a in enumerate(left, start=1):
        current = [i]
        for j, b in enumerate(right, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]
