//! The office tree's walks: above, below, depth, and a damaged tree that must not hang a walk.

use super::OfficeTree;
use crate::ids::OfficeId;

/// province ─ district ─ commune, and a second district with no commune.
fn tree() -> (OfficeTree, [OfficeId; 4]) {
    let ids = [OfficeId::new(), OfficeId::new(), OfficeId::new(), OfficeId::new()];
    let [province, district, commune, other] = ids;
    let tree = OfficeTree::new([
        (province, 1, None),
        (district, 2, Some(province)),
        (commune, 3, Some(district)),
        (other, 2, Some(province)),
    ]);
    (tree, ids)
}

#[test]
fn ancestors_nearest_first_and_depth() {
    let (tree, [province, district, commune, other]) = tree();
    assert_eq!(tree.ancestors(commune), vec![district, province]);
    assert_eq!(tree.ancestors(province), Vec::<OfficeId>::new());
    assert_eq!((tree.depth(province), tree.depth(other), tree.depth(commune)), (0, 1, 2));
}

#[test]
fn within_and_above() {
    let (tree, [province, district, commune, other]) = tree();
    assert!(tree.within(commune, province) && tree.within(commune, district) && tree.within(district, district));
    assert!(!tree.within(commune, other) && !tree.within(province, district));
    assert!(tree.above(province, commune) && !tree.above(commune, commune) && !tree.above(other, commune));
    // An office that is not in the tree is within nothing, not even itself.
    let gone = OfficeId::new();
    assert!(!tree.within(gone, gone));
}

#[test]
fn children_descendants_and_levels() {
    let (tree, [province, district, commune, other]) = tree();
    let mut children = vec![district, other];
    children.sort();
    assert_eq!(tree.children(province), children);
    let below = tree.descendants(province);
    assert_eq!(below.len(), 3);
    assert_eq!(below[2], commune, "nearest first: both districts before the commune");
    assert_eq!(tree.descendants(commune), Vec::<OfficeId>::new());
    assert_eq!(tree.at_level_below(3, province), vec![commune]);
    assert_eq!(tree.at_level_below(3, other), Vec::<OfficeId>::new());
    assert_eq!(tree.at_level_below(2, district), Vec::<OfficeId>::new());
}

#[test]
fn a_loop_ends_the_walk() {
    let (a, b) = (OfficeId::new(), OfficeId::new());
    let mut tree = OfficeTree::new([(a, 2, Some(b)), (b, 2, Some(a))]);
    assert_eq!(tree.ancestors(a), vec![b]);
    assert!(!tree.within(a, OfficeId::new()));
    assert_eq!(tree.descendants(a), vec![b]);
    tree.set(b, 1, None);
    assert_eq!(tree.ancestors(a), vec![b]);
    tree.remove(b);
    assert!(!tree.contains(b) && !tree.within(b, b) && tree.level(b).is_none());
}
