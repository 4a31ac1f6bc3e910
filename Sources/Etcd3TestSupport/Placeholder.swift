enum Etcd3TestSupportPlaceholder {}
